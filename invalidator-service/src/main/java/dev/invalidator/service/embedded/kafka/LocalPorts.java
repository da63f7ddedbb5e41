package dev.invalidator.service.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** TCP ports on the loopback address, the only address the embedded broker listens on. */
final class LocalPorts {

    static final String HOST = "127.0.0.1";

    private LocalPorts() {
    }

    /** Ports that were free a moment ago, all different; the caller binds them soon after. */
    static int[] free(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, loopback());
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free TCP port on " + HOST, e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    /** Fails with a message naming the port when something already listens on it. */
    static void requireFree(int port, String purpose) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(loopback(), port), 1);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Port " + port + " on " + HOST + " (" + purpose + ") is already in use ("
                    + e.getMessage() + "): stop what listens there, choose another port, or leave the port unset to"
                    + " get a free one", e);
        }
    }

    /** Whether something accepts TCP connections on the port now. */
    static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(loopback(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(HOST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Only probing for a free port.
        }
    }
}
