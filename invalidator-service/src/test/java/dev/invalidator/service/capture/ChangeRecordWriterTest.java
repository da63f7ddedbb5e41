package dev.invalidator.service.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.engine.ChangeEvent;
import io.debezium.engine.Header;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ChangeRecordWriterTest {

    private record Event(String key, String value, String destination, Integer partition,
                         List<Header<Object>> headerList) implements ChangeEvent<String, String> {
        @Override
        @SuppressWarnings("unchecked")
        public <H> List<Header<H>> headers() {
            return (List<Header<H>>) (List<?>) headerList;
        }
    }

    private record Pair(String getKey, Object getValue) implements Header<Object> {
    }

    @Test
    void toRecord_destinationKeyValueAndHeaders_asTheConvertersWroteThem() {
        ProducerRecord<byte[], byte[]> record = ChangeRecordWriter.toRecord(new Event("{\"id\":7}",
                "{\"op\":\"d\"}", "shop.public.products", null,
                List.of(new Pair("__debezium.oldkey", "{\"id\":6}"))));

        assertThat(record.topic()).isEqualTo("shop.public.products");
        assertThat(record.partition()).isNull();
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":7}");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"op\":\"d\"}");
        assertThat(new String(record.headers().lastHeader("__debezium.oldkey").value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":6}");
    }

    @Test
    void toRecord_tombstoneWithPartition_keepsNullValueAndPartition() {
        ProducerRecord<byte[], byte[]> record = ChangeRecordWriter.toRecord(new Event("{\"id\":7}", null,
                "shop.public.products", 2, List.of()));

        assertThat(record.value()).isNull();
        assertThat(record.partition()).isEqualTo(2);
    }
}
