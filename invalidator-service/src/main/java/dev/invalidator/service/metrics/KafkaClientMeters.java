package dev.invalidator.service.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The Kafka clients' own metrics ({@code kafka_consumer_fetch_manager_records_lag_max} and the rest), bound while the
 * clients are open. Binding reads only {@code metrics()}, which the clients allow from any thread.
 */
final class KafkaClientMeters implements AutoCloseable {

    private final List<KafkaClientMetrics> bound = new ArrayList<>();

    KafkaClientMeters(MeterRegistry registry, Consumer<?, ?> consumer, List<Producer<?, ?>> producers) {
        try {
            bind(registry, new KafkaClientMetrics(consumer));
            for (Producer<?, ?> producer : producers) {
                bind(registry, new KafkaClientMetrics(producer));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void bind(MeterRegistry registry, KafkaClientMetrics metrics) {
        bound.add(metrics); // first, so that close() stops its refresh thread even if binding fails
        metrics.bindTo(registry);
    }

    /** Removes the clients' meters and stops refreshing them. */
    @Override
    public void close() {
        bound.forEach(KafkaClientMetrics::close);
        bound.clear();
    }
}
