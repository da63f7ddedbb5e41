package dev.invalidator.schemas.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Smallest inputs on which {@link ChangeEventReaderFuzzProperties} found the reader breaking a promise, with the
 * assertion as it should hold.
 */
class ChangeEventReaderRobustnessTest {

    private static final RecordCoordinates AT = new RecordCoordinates("shop.public.products", 0, 42);
    private static final String SOURCE =
            "\"source\":{\"connector\":\"postgresql\",\"name\":\"shop\",\"schema\":\"public\",\"table\":\"products\",\"lsn\":1}";

    private final ChangeEventReader reader = ChangeEventReader.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"[]", "7", "\"id\"", "true"})
    void read_keyThatIsNotAnObject_errorPointsAtTheWholeKey(String key) {
        ReadResult result = reader.read(bytes(key), null, AT);

        assertThat(result).isInstanceOfSatisfying(ReadError.class,
                error -> assertThat(error.path()).isEqualTo("key:/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\t\r\n"})
    void read_blankKey_errorPointsAtTheKey(String key) {
        ReadResult result = reader.read(bytes(key), null, AT);

        assertThat(result).isInstanceOfSatisfying(ReadError.class,
                error -> assertThat(error.path()).isEqualTo("key:/"));
    }

    /**
     * PostgreSQL's numeric has at most 16383 digits after the point and 131072 before; a scale of two billion is not
     * a value any database sent, and as a {@link ColumnValue.Decimal} it cannot be rendered (NegativeArraySizeException,
     * ArithmeticException "Overflow") or renders to hundreds of megabytes from a 12-byte column.
     */
    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MIN_VALUE, 100_000_000})
    void read_variableScaleDecimalWithExtremeScale_columnIsNotARenderableKnownValue(int scale) {
        String value = "{\"op\":\"c\",\"after\":{\"list_price\":{\"scale\":" + scale + ",\"value\":\"APU=\"}}," + SOURCE + "}";

        ColumnValue column = afterColumn(reader.read(null, bytes(value), AT), "list_price");

        assertRenderableOrUndecodable(column);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2147483647", "-2147483648"})
    void read_preciseDecimalWithExtremeSchemaScale_columnIsNotARenderableKnownValue(String scale) {
        String schema = "{\"type\":\"struct\",\"fields\":[{\"type\":\"struct\",\"field\":\"after\",\"fields\":["
                + "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
                + "\"parameters\":{\"scale\":\"" + scale + "\"},\"field\":\"price\"}]}]}";
        String value = "{\"schema\":" + schema + ",\"payload\":{\"op\":\"c\",\"after\":{\"price\":\"B88=\"}," + SOURCE + "}}";

        ColumnValue column = afterColumn(reader.read(null, bytes(value), AT), "price");

        assertRenderableOrUndecodable(column);
    }

    /**
     * Jackson decodes overlong forms ({@code C0 AF} is {@code /}, {@code C0 80} is NUL) and sequences beyond
     * U+10FFFF (into lone surrogates) without complaint, so a SKU of {@code A<C0 AF>B} reads as {@code A/B}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"C0 AF", "C0 80", "E0 80 AF", "F0 80 80 AF", "F4 90 80 80", "F5 80 80 80"})
    void read_invalidUtf8InsideAString_isAnError(String sequence) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(bytes("{\"op\":\"c\",\"after\":{\"sku\":\"A"));
        for (String hex : sequence.split(" ")) {
            value.write(Integer.parseInt(hex, 16));
        }
        value.writeBytes(bytes("B\"}," + SOURCE + "}"));

        ReadResult result = reader.read(null, value.toByteArray(), AT);

        assertThat(result).isInstanceOfSatisfying(ReadError.class,
                error -> assertThat(error.path()).isEqualTo("/"));
    }

    /** The same inputs with an ordinary scale: shows the tests above fail on the scale alone. */
    @Test
    void read_variableScaleDecimalWithOrdinaryScale_rendersThePrice() {
        String value = "{\"op\":\"c\",\"after\":{\"list_price\":{\"scale\":1,\"value\":\"APU=\"}}," + SOURCE + "}";

        ColumnValue column = afterColumn(reader.read(null, bytes(value), AT), "list_price");

        assertThat(column).isInstanceOfSatisfying(ColumnValue.Decimal.class,
                decimal -> assertThat(decimal.render()).isEqualTo("24.5"));
    }

    private static void assertRenderableOrUndecodable(ColumnValue column) {
        if (column instanceof ColumnValue.Known known) {
            assertThat(ReadResultContract.renderProblem(known)).as("why %s cannot be rendered", known).isNull();
        } else {
            assertThat(column).isInstanceOf(ColumnValue.Undecodable.class);
        }
    }

    private static ColumnValue afterColumn(ReadResult result, String column) {
        assertThat(result).isInstanceOf(ChangeEvent.class);
        return ((ChangeEvent) result).after().find(column).orElseThrow();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
