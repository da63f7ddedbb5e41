package dev.invalidator.schemas.change;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * One column's value in a row image, decoded from Debezium's encoding to what the database shows.
 *
 * <p>{@link Known} values have a rendering, the text a cache key is built from. {@link Null}, {@link Unavailable}
 * and {@link Undecodable} have none: a key built from them would be wrong, so callers must treat them apart.
 */
public sealed interface ColumnValue {

    /** A value that can be written into a cache key. */
    sealed interface Known extends ColumnValue {
        /** The value as text, as the database would show it (ISO-8601 for dates and times). */
        String render();
    }

    /** SQL NULL. */
    record Null() implements ColumnValue {
    }

    /**
     * The column's value was not sent: PostgreSQL leaves unchanged TOAST columns out of the change and Debezium puts
     * a placeholder in their place. The value is unknown, not the placeholder text.
     */
    record Unavailable() implements ColumnValue {
    }

    /** The encoding could not be decoded without guessing; {@code reason} says why. */
    record Undecodable(String raw, String reason) implements ColumnValue {
    }

    record Text(String value) implements Known {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return value;
        }
    }

    record Int(long value) implements Known {
        @Override
        public String render() {
            return Long.toString(value);
        }
    }

    record Decimal(BigDecimal value) implements Known {
        public Decimal {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return value.toPlainString();
        }
    }

    record Bool(boolean value) implements Known {
        @Override
        public String render() {
            return Boolean.toString(value);
        }
    }

    record Uuid(UUID value) implements Known {
        public Uuid {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return value.toString();
        }
    }

    record Date(LocalDate value) implements Known {
        public Date {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return value.toString();
        }
    }

    record Time(LocalTime value) implements Known {
        public Time {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return value.toString();
        }
    }

    /** A timestamp without time zone (PostgreSQL {@code timestamp}, MySQL {@code DATETIME}). */
    record Timestamp(LocalDateTime value) implements Known {
        public Timestamp {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return value.toString();
        }
    }

    /** A timestamp with time zone (PostgreSQL {@code timestamptz}, MySQL {@code TIMESTAMP}). */
    record ZonedTimestamp(OffsetDateTime value) implements Known {
        public ZonedTimestamp {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String render() {
            return value.toString();
        }
    }

    /** Any other value (arrays, JSON documents, bytes), kept as the JSON text Debezium sent. */
    record Other(String json) implements Known {
        public Other {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public String render() {
            return json;
        }
    }
}
