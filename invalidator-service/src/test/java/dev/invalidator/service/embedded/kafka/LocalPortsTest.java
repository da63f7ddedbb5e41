package dev.invalidator.service.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void free_returnsDistinctPorts() {
        int[] ports = LocalPorts.free(2);

        assertThat(ports).hasSize(2).doesNotHaveDuplicates();
        assertThatCode(() -> LocalPorts.requireFree(ports[0], "test")).doesNotThrowAnyException();
    }

    @Test
    void requireFree_portInUse_namesPortAndPurpose() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> LocalPorts.requireFree(port, "the Kafka broker's client port"))
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageStartingWith("Port " + port + " on 127.0.0.1 (the Kafka broker's client port) is already in use");
        }
    }

    @Test
    void accepts_listeningAndClosedPort() throws IOException {
        int port;
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = listening.getLocalPort();
            assertThat(LocalPorts.accepts(port)).isTrue();
        }
        assertThat(LocalPorts.accepts(port)).isFalse();
    }
}
