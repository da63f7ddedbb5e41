package dev.invalidator.service.embedded.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, for exception messages that show what the broker said before it failed. */
final class LogTail {

    /** Enough for the last lines of any log; a long-running broker's log is never read whole. */
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /** The last {@code lines} lines of the file, indented, or a note saying why there are none. */
    static String of(Path file, int lines) {
        if (!Files.exists(file)) {
            return "  (" + file + " does not exist)";
        }
        List<String> all;
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            long start = Math.max(0, size - MAX_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // Fill the buffer.
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            all = Arrays.asList(text.split("\r?\n"));
            if (start > 0 && !all.isEmpty()) {
                all = all.subList(1, all.size()); // The first line is cut.
            }
        } catch (IOException e) {
            return "  (cannot read " + file + ": " + e.getMessage() + ")";
        }
        if (all.isEmpty() || all.size() == 1 && all.get(0).isEmpty()) {
            return "  (" + file + " is empty)";
        }
        StringBuilder tail = new StringBuilder();
        for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
            tail.append("  ").append(line).append('\n');
        }
        return tail.substring(0, tail.length() - 1);
    }
}
