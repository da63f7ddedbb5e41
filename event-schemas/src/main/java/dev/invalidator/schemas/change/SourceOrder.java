package dev.invalidator.schemas.change;

import java.util.Optional;

/**
 * A change's source position as text that sorts in log order: compared byte by byte (same length within one
 * connector kind), a later change of the same row has a greater or equal text. Refresh targets store it beside the
 * value they write, and write only when the stored one is not newer (REDIS-LAYOUT.md, "Refreshed values").
 *
 * <ul>
 *   <li>PostgreSQL: {@code pg:} and the LSN as 20 decimal digits. A row is locked from its change until the commit, so
 *       a later change of the same row has a greater LSN even when transactions interleave in the log.
 *   <li>MySQL / MariaDB: {@code bl:}, the binlog file's sequence number (10 digits), the position in it (20 digits) and
 *       the row within the binlog event (10 digits). The binlog is written in commit order.
 * </ul>
 * Positions of other connectors, and binlog file names without a numeric suffix, have no order: empty.
 */
public final class SourceOrder {

    private SourceOrder() {
    }

    public static Optional<String> of(SourcePosition position) {
        if (position instanceof SourcePosition.Postgres pg) {
            return Optional.of("pg:" + pad(Long.toUnsignedString(pg.lsn()), 20));
        }
        if (position instanceof SourcePosition.Binlog binlog) {
            Optional<String> fileNumber = fileNumber(binlog.file());
            if (fileNumber.isEmpty() || binlog.position() < 0 || binlog.row() < 0) {
                return Optional.empty();
            }
            return Optional.of("bl:" + pad(fileNumber.get(), 10) + ":" + pad(Long.toString(binlog.position()), 20)
                    + ":" + pad(Integer.toString(binlog.row()), 10));
        }
        return Optional.empty();
    }

    /** {@code mysql-bin.000042} → {@code 42}; empty when the name does not end in a dot and at most 10 digits. */
    private static Optional<String> fileNumber(String file) {
        if (file == null) {
            return Optional.empty();
        }
        int dot = file.lastIndexOf('.');
        String suffix = file.substring(dot + 1);
        if (dot < 0 || suffix.isEmpty() || suffix.length() > 10 || !suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        String digits = suffix.replaceFirst("^0+(?=.)", "");
        return Optional.of(digits);
    }

    private static String pad(String digits, int width) {
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
