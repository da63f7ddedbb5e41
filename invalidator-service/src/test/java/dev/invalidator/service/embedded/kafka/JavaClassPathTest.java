package dev.invalidator.service.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JavaClassPathTest {

    @Test
    void requireClass_kafkaBrokerOnTestClassPath_passes() {
        assertThatCode(() -> JavaClassPath.current().requireClass("kafka.Kafka", "org.apache.kafka:kafka_2.13"))
                .doesNotThrowAnyException();
    }

    @Test
    void requireClass_missingClass_namesClassAndArtifact() {
        assertThatThrownBy(() -> JavaClassPath.current().requireClass("kafka.NoSuchMain", "org.example:missing"))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("kafka.NoSuchMain")
                .hasMessageContaining("org.example:missing")
                .hasMessageContaining("java.class.path");
    }
}
