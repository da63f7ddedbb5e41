package dev.invalidator.rules.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.invalidator.rules.template.SkipReason;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.RowImage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The value a refresh writes: a JSON object of chosen after-image columns, in the order the rule lists them.
 * Integers and decimals are JSON numbers, booleans booleans, SQL NULL null, JSON/array columns (kept by Debezium as
 * JSON text) embedded as they are, every other value its text as the database shows it (ISO-8601 for dates).
 * A column that is missing, was not sent or could not be decoded leaves no value at all: writing the object without
 * it would cache a row that never existed.
 */
final class Projection {

    private static final JsonFactory JSON = new JsonFactory();

    /** The object, or why there is none. */
    sealed interface Result {
    }

    record Written(String json) implements Result {
    }

    record Incomplete(SkipReason reason, String explanation) implements Result {
    }

    private Projection() {
    }

    static Result of(RowImage after, List<String> columns) {
        if (after == null) {
            return new Incomplete(SkipReason.IMAGE_MISSING, "after: " + SkipReason.IMAGE_MISSING.description());
        }
        StringWriter text = new StringWriter(32 * columns.size());
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            for (String column : columns) {
                ColumnValue value = after.columns().get(column);
                if (value == null) {
                    return incomplete(column, SkipReason.COLUMN_MISSING);
                } else if (value instanceof ColumnValue.Unavailable) {
                    return incomplete(column, SkipReason.UNAVAILABLE);
                } else if (value instanceof ColumnValue.Undecodable) {
                    return incomplete(column, SkipReason.UNDECODABLE);
                }
                json.writeFieldName(column);
                write(json, value);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return new Written(text.toString());
    }

    private static void write(JsonGenerator json, ColumnValue value) throws IOException {
        if (value instanceof ColumnValue.Null) {
            json.writeNull();
        } else if (value instanceof ColumnValue.Int i) {
            json.writeNumber(i.value());
        } else if (value instanceof ColumnValue.Decimal d) {
            json.writeNumber(d.value());
        } else if (value instanceof ColumnValue.Bool b) {
            json.writeBoolean(b.value());
        } else if (value instanceof ColumnValue.Other other) {
            json.writeRawValue(other.json());
        } else {
            json.writeString(((ColumnValue.Known) value).render());
        }
    }

    private static Incomplete incomplete(String column, SkipReason why) {
        return new Incomplete(SkipReason.PROJECTION_INCOMPLETE,
                "after." + column + ": " + why.description() + "; the key is deleted instead");
    }
}
