package dev.invalidator.schemas.change;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Decodes one column value from Debezium's JSON encoding to what the database shows.
 *
 * <p>With a field schema the Connect type and logical name decide. Without one only the JSON shape is known: numbers
 * become {@link ColumnValue.Int} or {@link ColumnValue.Decimal}, strings {@link ColumnValue.Text}; encodings that
 * cannot be read from the shape alone (a precise decimal's base64 bytes, dates as day counts) need a declared
 * column schema, see {@link ChangeEventReader.Builder#columnSchema}.
 *
 * <p>A value that contradicts its schema becomes {@link ColumnValue.Undecodable}: one odd column must not cost the
 * whole event, and whoever needs the column sees why it cannot be used.
 */
final class ValueDecoder {

    private static final String DECIMAL = "org.apache.kafka.connect.data.Decimal";
    private static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";

    private static final ColumnValue NULL = new ColumnValue.Null();
    private static final ColumnValue UNAVAILABLE = new ColumnValue.Unavailable();

    private final String unavailablePlaceholder;
    private final String unavailablePlaceholderBase64;

    ValueDecoder(String unavailablePlaceholder) {
        this.unavailablePlaceholder = unavailablePlaceholder;
        this.unavailablePlaceholderBase64 =
                Base64.getEncoder().encodeToString(unavailablePlaceholder.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param value  the JSON value, null or NullNode for SQL NULL
     * @param schema the Connect field schema ({@code type}, {@code name}, {@code parameters}), or null when unknown
     */
    ColumnValue decode(JsonNode value, JsonNode schema) {
        if (value == null || value.isNull()) {
            return NULL;
        }
        if (isUnavailablePlaceholder(value, schema)) {
            return UNAVAILABLE;
        }
        if (schema == null) {
            return decodeByShape(value);
        }
        String logicalName = textOrNull(schema.get("name"));
        String type = textOrNull(schema.get("type"));
        if (logicalName != null) {
            ColumnValue logical = decodeLogical(logicalName, value, schema);
            if (logical != null) {
                return logical;
            }
        }
        return decodeByType(type, value);
    }

    private boolean isUnavailablePlaceholder(JsonNode value, JsonNode schema) {
        if (value.isTextual()) {
            String text = value.textValue();
            // Binary columns carry the placeholder's bytes, which JSON shows in base64; only the schema tells them apart.
            return text.equals(unavailablePlaceholder)
                    || (schema != null && "bytes".equals(textOrNull(schema.get("type")))
                            && text.equals(unavailablePlaceholderBase64));
        }
        // Array columns carry the placeholder as their only element.
        if (value.isArray() && value.size() == 1) {
            JsonNode itemSchema = schema == null ? null : schema.get("items");
            return isUnavailablePlaceholder(value.get(0), itemSchema);
        }
        return false;
    }

    private ColumnValue decodeByShape(JsonNode value) {
        if (value.isTextual()) {
            return new ColumnValue.Text(value.textValue());
        }
        if (value.isIntegralNumber()) {
            return integral(value);
        }
        if (value.isNumber()) {
            return floating(value);
        }
        if (value.isBoolean()) {
            return new ColumnValue.Bool(value.booleanValue());
        }
        if (isVariableScaleDecimalStruct(value)) {
            return variableScaleDecimal(value);
        }
        return new ColumnValue.Other(value.toString());
    }

    /** PostgreSQL numeric without a declared scale arrives as {@code {"scale": s, "value": base64}}. */
    private static boolean isVariableScaleDecimalStruct(JsonNode value) {
        return value.isObject() && value.size() == 2
                && value.path("scale").isIntegralNumber() && value.path("value").isTextual();
    }

    private ColumnValue decodeByType(String type, JsonNode value) {
        if (type == null) {
            return decodeByShape(value);
        }
        return switch (type) {
            case "int8", "int16", "int32", "int64" -> value.isIntegralNumber()
                    ? integralWithin(type, value)
                    : mismatch(value, type);
            // The JsonConverter names FLOAT32 and FLOAT64 "float" and "double".
            case "float", "double", "float32", "float64" -> value.isNumber() ? floating(value) : mismatch(value, type);
            case "boolean" -> value.isBoolean() ? new ColumnValue.Bool(value.booleanValue()) : mismatch(value, type);
            case "string" -> value.isTextual() ? new ColumnValue.Text(value.textValue()) : mismatch(value, type);
            case "bytes" -> value.isTextual() ? new ColumnValue.Other(value.toString()) : mismatch(value, type);
            case "struct", "map" -> value.isObject() ? new ColumnValue.Other(value.toString()) : mismatch(value, type);
            case "array" -> value.isArray() ? new ColumnValue.Other(value.toString()) : mismatch(value, type);
            default -> new ColumnValue.Undecodable(value.toString(), "unknown Connect type '" + type + "'");
        };
    }

    /** Returns null when the logical name is not one that changes how the value reads. */
    private ColumnValue decodeLogical(String name, JsonNode value, JsonNode schema) {
        return switch (name) {
            case DECIMAL -> preciseDecimal(value, schema);
            case VARIABLE_SCALE_DECIMAL -> isVariableScaleDecimalStruct(value)
                    ? variableScaleDecimal(value)
                    : mismatch(value, name);
            case "io.debezium.data.Uuid" -> uuid(value);
            case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date" -> date(value);
            case "io.debezium.time.Time", "org.apache.kafka.connect.data.Time" -> timeOfDay(value, 1_000_000L, name);
            case "io.debezium.time.MicroTime" -> timeOfDay(value, 1_000L, name);
            case "io.debezium.time.NanoTime" -> timeOfDay(value, 1L, name);
            case "io.debezium.time.Timestamp", "org.apache.kafka.connect.data.Timestamp" ->
                    localTimestamp(value, 1_000_000L, name);
            case "io.debezium.time.MicroTimestamp" -> localTimestamp(value, 1_000L, name);
            case "io.debezium.time.NanoTimestamp" -> localTimestamp(value, 1L, name);
            case "io.debezium.time.ZonedTimestamp", "io.debezium.time.IsoTimestamp" -> zonedTimestamp(value, name);
            case "io.debezium.time.IsoDate" -> isoDate(value, name);
            case "io.debezium.time.IsoTime" -> isoTime(value, name);
            default -> null;
        };
    }

    private static ColumnValue preciseDecimal(JsonNode value, JsonNode schema) {
        if (!value.isTextual()) {
            // decimal.handling.mode=double/string keep the logical name off, so a number here is a contradiction.
            return mismatch(value, DECIMAL);
        }
        JsonNode scaleNode = schema.path("parameters").path("scale");
        if (scaleNode.isMissingNode() || scaleNode.isNull()) {
            return new ColumnValue.Undecodable(value.textValue(),
                    "a precise decimal needs the scale from its schema, and the schema gives none");
        }
        int scale;
        try {
            scale = Integer.parseInt(scaleNode.asText());
        } catch (NumberFormatException e) {
            return new ColumnValue.Undecodable(value.textValue(), "decimal scale '" + scaleNode.asText() + "' is not an integer");
        }
        return unscaledBytes(value.textValue(), scale);
    }

    private static ColumnValue variableScaleDecimal(JsonNode value) {
        JsonNode scale = value.get("scale");
        if (!scale.canConvertToInt()) {
            return new ColumnValue.Undecodable(value.toString(), "decimal scale is out of range");
        }
        return unscaledBytes(value.get("value").textValue(), scale.intValue());
    }

    /**
     * PostgreSQL's numeric holds at most 16383 digits after the point, MySQL's DECIMAL 30. A scale beyond that was
     * not sent by a database, and would render to megabytes or fail to render at all.
     */
    private static final int MAX_DECIMAL_SCALE = 16_383;

    private static ColumnValue unscaledBytes(String base64, int scale) {
        if (scale > MAX_DECIMAL_SCALE || scale < -MAX_DECIMAL_SCALE) {
            return new ColumnValue.Undecodable(base64, "decimal scale " + scale + " is beyond any database's range");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new ColumnValue.Undecodable(base64, "decimal bytes are not valid base64");
        }
        if (bytes.length == 0) {
            return new ColumnValue.Undecodable(base64, "decimal bytes are empty");
        }
        return new ColumnValue.Decimal(new BigDecimal(new BigInteger(bytes), scale));
    }

    private static ColumnValue uuid(JsonNode value) {
        if (!value.isTextual()) {
            return mismatch(value, "io.debezium.data.Uuid");
        }
        try {
            return new ColumnValue.Uuid(UUID.fromString(value.textValue()));
        } catch (IllegalArgumentException e) {
            return new ColumnValue.Undecodable(value.textValue(), "not a UUID");
        }
    }

    private static ColumnValue date(JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return mismatch(value, "date (days since 1970-01-01)");
        }
        try {
            return new ColumnValue.Date(LocalDate.ofEpochDay(value.longValue()));
        } catch (DateTimeException e) {
            return new ColumnValue.Undecodable(value.toString(), "day count out of range for a date");
        }
    }

    private static ColumnValue timeOfDay(JsonNode value, long nanosPerUnit, String name) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return mismatch(value, name);
        }
        long units = value.longValue();
        if (units < 0 || units > Long.MAX_VALUE / nanosPerUnit) {
            return new ColumnValue.Undecodable(value.toString(), "out of range for a time of day");
        }
        long nanos = units * nanosPerUnit;
        // PostgreSQL allows 24:00:00; LocalTime does not, so it stays text as the database shows it.
        if (nanos == 86_400_000_000_000L) {
            return new ColumnValue.Text("24:00");
        }
        try {
            return new ColumnValue.Time(LocalTime.ofNanoOfDay(nanos));
        } catch (DateTimeException e) {
            return new ColumnValue.Undecodable(value.toString(), "out of range for a time of day");
        }
    }

    private static ColumnValue localTimestamp(JsonNode value, long nanosPerUnit, String name) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return mismatch(value, name);
        }
        long units = value.longValue();
        long unitsPerSecond = 1_000_000_000L / nanosPerUnit;
        long seconds = Math.floorDiv(units, unitsPerSecond);
        long nanos = Math.floorMod(units, unitsPerSecond) * nanosPerUnit;
        try {
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            return new ColumnValue.Timestamp(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return new ColumnValue.Undecodable(value.toString(), "out of range for a timestamp");
        }
    }

    private static ColumnValue zonedTimestamp(JsonNode value, String name) {
        if (!value.isTextual()) {
            return mismatch(value, name);
        }
        try {
            return new ColumnValue.ZonedTimestamp(OffsetDateTime.parse(value.textValue()));
        } catch (DateTimeParseException e) {
            return new ColumnValue.Undecodable(value.textValue(), "not an ISO-8601 timestamp with offset");
        }
    }

    private static ColumnValue isoDate(JsonNode value, String name) {
        if (!value.isTextual()) {
            return mismatch(value, name);
        }
        String text = value.textValue();
        // IsoDate carries a zone suffix (2024-01-05Z); the date is the part before it.
        String datePart = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
        try {
            return new ColumnValue.Date(LocalDate.parse(datePart));
        } catch (DateTimeParseException e) {
            return new ColumnValue.Undecodable(text, "not an ISO-8601 date");
        }
    }

    private static ColumnValue isoTime(JsonNode value, String name) {
        if (!value.isTextual()) {
            return mismatch(value, name);
        }
        String text = value.textValue();
        String timePart = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
        try {
            return new ColumnValue.Time(LocalTime.parse(timePart));
        } catch (DateTimeParseException e) {
            return new ColumnValue.Undecodable(text, "not an ISO-8601 time");
        }
    }

    private static ColumnValue integral(JsonNode value) {
        if (value.canConvertToLong()) {
            return new ColumnValue.Int(value.longValue());
        }
        // Unsigned BIGINT and numeric values past 64 bits stay exact.
        return new ColumnValue.Decimal(new BigDecimal(value.bigIntegerValue()));
    }

    private static ColumnValue integralWithin(String type, JsonNode value) {
        if (!value.canConvertToLong()) {
            return new ColumnValue.Undecodable(value.toString(), "out of range for " + type);
        }
        long v = value.longValue();
        boolean fits = switch (type) {
            case "int8" -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case "int16" -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case "int32" -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            default -> true;
        };
        return fits ? new ColumnValue.Int(v) : new ColumnValue.Undecodable(value.toString(), "out of range for " + type);
    }

    private static ColumnValue floating(JsonNode value) {
        if (value.isDouble() || value.isFloat()) {
            double d = value.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return new ColumnValue.Text(Double.toString(d));
            }
            // The shortest decimal that reads back as the same double: 12.5, not 12.5000000000000001.
            return new ColumnValue.Decimal(BigDecimal.valueOf(d));
        }
        return new ColumnValue.Decimal(value.decimalValue());
    }

    private static ColumnValue mismatch(JsonNode value, String expected) {
        return new ColumnValue.Undecodable(value.toString(),
                "expected " + expected + " but found " + Json.describe(value));
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
