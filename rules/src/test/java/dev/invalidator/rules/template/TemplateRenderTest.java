package dev.invalidator.rules.template;

import static dev.invalidator.rules.template.Events.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.invalidator.rules.template.RenderResult.Rendered;
import dev.invalidator.rules.template.RenderResult.Skipped;
import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateRenderTest {

    private static final BeforeImagePolicy FULL = BeforeImagePolicy.full();
    private static final BeforeImagePolicy KEYS_ONLY = BeforeImagePolicy.keyColumnsOnly();
    private static final ColumnValue UNAVAILABLE = new ColumnValue.Unavailable();
    private static final ColumnValue UNDECODABLE = new ColumnValue.Undecodable("AQ==", "unknown scale");

    // REPLICA IDENTITY FULL (and MySQL/MariaDB full row images): every image complete.
    private static final Named<ChangeEvent> FULL_CREATE = named("full create", Events.create(
            row("id", 7),
            row("id", 7, "sku", "A", "category_id", 3, "description", "long text")));
    private static final Named<ChangeEvent> FULL_UPDATE = named("full update", Events.update(
            row("id", 7),
            row("id", 7, "sku", "A", "category_id", 3, "description", "long text"),
            row("id", 7, "sku", "B", "category_id", 4, "description", UNAVAILABLE)));
    private static final Named<ChangeEvent> FULL_DELETE = named("full delete", Events.delete(
            row("id", 7),
            row("id", 7, "sku", "A", "category_id", 3, "description", "long text")));
    private static final Named<ChangeEvent> SNAPSHOT_READ = named("snapshot read", Events.read(
            row("id", 7),
            row("id", 7, "sku", "A")));
    private static final Named<ChangeEvent> TRUNCATE = named("truncate", Events.truncate());
    private static final Named<ChangeEvent> WITH_NULLS = named("nulls", Events.update(
            row("id", 8),
            row("id", 8, "sku", null, "category_id", UNDECODABLE),
            row("id", 8, "sku", null, "category_id", UNDECODABLE)));

    // REPLICA IDENTITY DEFAULT: updates carry no before-image; a delete's before-image is true only for the key,
    // the other columns hold Debezium's type defaults.
    private static final Named<ChangeEvent> DEFAULT_UPDATE = named("default-identity update", Events.update(
            row("id", 7),
            null,
            row("id", 7, "sku", "B", "category_id", 4, "description", UNAVAILABLE)));
    private static final Named<ChangeEvent> DEFAULT_DELETE = named("default-identity delete", Events.delete(
            row("id", 7),
            row("id", 7, "sku", "", "category_id", null, "price", 0, "description", UNAVAILABLE)));
    private static final Named<ChangeEvent> KEYLESS_DELETE = named("default-identity delete, no record key",
            Events.delete(null, row("id", 7, "sku", "", "category_id", null)));

    // Composite key: order lines keyed by (order_id, line_no).
    private static final Named<ChangeEvent> LINE_DELETE = named("default-identity order line delete", Events.delete(
            row("order_id", 42, "line_no", 3),
            row("order_id", 42, "line_no", 3, "product_id", 0, "quantity", 0)));
    private static final Named<ChangeEvent> LINE_UPDATE = named("full order line update", Events.update(
            row("order_id", 42, "line_no", 3),
            row("order_id", 42, "line_no", 3, "product_id", 7, "quantity", 1),
            row("order_id", 42, "line_no", 3, "product_id", 9, "quantity", 2)));

    private static final Named<ChangeEvent> UNICODE = named("unicode", Events.update(
            row("id", 1),
            row("id", 1, "name", "Zürich"),
            row("id", 1, "name", "東京 🚀 Ἀθῆναι")));
    private static final Named<ChangeEvent> GLOB_CHARACTERS = named("glob characters", Events.create(
            row("id", 1),
            row("id", 1, "name", "a*b?[c]\\d{e}^-!")));
    private static final Named<ChangeEvent> TYPED = named("typed values", Events.create(
            row("id", 1),
            row("price", new ColumnValue.Decimal(new BigDecimal("12.50")),
                    "active", new ColumnValue.Bool(true),
                    "uuid", new ColumnValue.Uuid(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                    "day", new ColumnValue.Date(LocalDate.of(2024, 2, 29)),
                    "at", new ColumnValue.Timestamp(LocalDateTime.of(2024, 2, 29, 13, 5, 7)),
                    "at_tz", new ColumnValue.ZonedTimestamp(OffsetDateTime.parse("2024-02-29T13:05:07+01:00")),
                    "tags", new ColumnValue.Other("[\"a\",\"b\"]"),
                    "empty", "")));

    private static Named<ChangeEvent> named(String name, ChangeEvent event) {
        return Named.of(name, event);
    }

    private static Rendered rendered(String target) {
        return new Rendered(target);
    }

    private static Skipped skipped(SkipReason reason, String column, Image image) {
        return new Skipped(reason, column, image);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // {col}: after-image, before-image on delete; {before.col} and {after.col} explicit.
                Arguments.of(FULL_CREATE, FULL, "product:{id}", rendered("product:7")),
                Arguments.of(FULL_CREATE, FULL, "product:{after.sku}", rendered("product:A")),
                Arguments.of(FULL_CREATE, FULL, "product:{before.sku}",
                        skipped(SkipReason.IMAGE_MISSING, "sku", Image.BEFORE)),
                Arguments.of(FULL_UPDATE, FULL, "product:{sku}", rendered("product:B")),
                Arguments.of(FULL_UPDATE, FULL, "product:sku:{before.sku}", rendered("product:sku:A")),
                Arguments.of(FULL_UPDATE, FULL, "product:sku:{after.sku}", rendered("product:sku:B")),
                Arguments.of(FULL_UPDATE, FULL, "cat:{before.category_id}:{after.category_id}", rendered("cat:3:4")),
                Arguments.of(FULL_DELETE, FULL, "product:{sku}", rendered("product:A")),
                Arguments.of(FULL_DELETE, FULL, "product:{before.sku}", rendered("product:A")),
                Arguments.of(FULL_DELETE, FULL, "product:{after.sku}",
                        skipped(SkipReason.IMAGE_MISSING, "sku", Image.AFTER)),
                Arguments.of(SNAPSHOT_READ, FULL, "product:{sku}", rendered("product:A")),
                Arguments.of(TRUNCATE, FULL, "product:{id}",
                        skipped(SkipReason.IMAGE_MISSING, "id", Image.AFTER)),
                Arguments.of(TRUNCATE, FULL, "products:all", rendered("products:all")),
                // Values without a rendering.
                Arguments.of(FULL_UPDATE, FULL, "product:{description}",
                        skipped(SkipReason.UNAVAILABLE, "description", Image.AFTER)),
                Arguments.of(FULL_UPDATE, FULL, "product:{before.description}", rendered("product:long text")),
                Arguments.of(WITH_NULLS, FULL, "product:sku:{sku}", skipped(SkipReason.NULL, "sku", Image.AFTER)),
                Arguments.of(WITH_NULLS, FULL, "cat:{before.category_id}",
                        skipped(SkipReason.UNDECODABLE, "category_id", Image.BEFORE)),
                Arguments.of(FULL_UPDATE, FULL, "product:{colour}",
                        skipped(SkipReason.COLUMN_MISSING, "colour", Image.AFTER)),
                Arguments.of(FULL_UPDATE, FULL, "product:{id}:{colour}:{before.sku}",
                        skipped(SkipReason.COLUMN_MISSING, "colour", Image.AFTER)),
                Arguments.of(WITH_NULLS, FULL, "p:{id}:{sku}:{category_id}",
                        skipped(SkipReason.NULL, "sku", Image.AFTER)),
                // REPLICA IDENTITY DEFAULT: only key columns of a before-image are usable.
                Arguments.of(DEFAULT_UPDATE, KEYS_ONLY, "product:{id}", rendered("product:7")),
                Arguments.of(DEFAULT_UPDATE, KEYS_ONLY, "product:sku:{after.sku}", rendered("product:sku:B")),
                Arguments.of(DEFAULT_UPDATE, KEYS_ONLY, "product:sku:{before.sku}",
                        skipped(SkipReason.IMAGE_MISSING, "sku", Image.BEFORE)),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "product:{id}", rendered("product:7")),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "product:{before.id}", rendered("product:7")),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "product:sku:{sku}",
                        skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "sku", Image.BEFORE)),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "product:sku:{before.sku}",
                        skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "sku", Image.BEFORE)),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "price:{before.price}",
                        skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "price", Image.BEFORE)),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "cat:{category_id}",
                        skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "category_id", Image.BEFORE)),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "product:{description}",
                        skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "description", Image.BEFORE)),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "product:{colour}",
                        skipped(SkipReason.COLUMN_MISSING, "colour", Image.BEFORE)),
                Arguments.of(KEYLESS_DELETE, KEYS_ONLY, "product:{id}",
                        skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "id", Image.BEFORE)),
                // ...which is why the policy exists: trusted blindly, the filler renders a wrong key.
                Arguments.of(DEFAULT_DELETE, FULL, "product:sku:{sku}", rendered("product:sku:")),
                // Composite keys.
                Arguments.of(LINE_DELETE, KEYS_ONLY, "order:{order_id}:line:{line_no}", rendered("order:42:line:3")),
                Arguments.of(LINE_DELETE, KEYS_ONLY, "product:{product_id}:orders",
                        skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "product_id", Image.BEFORE)),
                Arguments.of(LINE_UPDATE, FULL, "product:{before.product_id}:orders", rendered("product:7:orders")),
                Arguments.of(LINE_UPDATE, FULL, "order:{order_id}:line:{line_no}", rendered("order:42:line:3")),
                // Values as event-schemas renders them; unicode and glob characters left as they are in keys.
                Arguments.of(UNICODE, FULL, "city:{name}", rendered("city:東京 🚀 Ἀθῆναι")),
                Arguments.of(UNICODE, FULL, "city:{before.name}", rendered("city:Zürich")),
                Arguments.of(GLOB_CHARACTERS, FULL, "tag:{name}", rendered("tag:a*b?[c]\\d{e}^-!")),
                Arguments.of(TYPED, FULL, "{price}|{active}|{uuid}", rendered(
                        "12.50|true|123e4567-e89b-12d3-a456-426614174000")),
                Arguments.of(TYPED, FULL, "{day}|{at}|{at_tz}|{tags}", rendered(
                        "2024-02-29|2024-02-29T13:05:07|2024-02-29T13:05:07+01:00|[\"a\",\"b\"]")),
                Arguments.of(TYPED, FULL, "empty:{empty}:end", rendered("empty::end")),
                // Escaped braces, e.g. Redis Cluster hash tags.
                Arguments.of(FULL_CREATE, FULL, "user:{{{id}}}:profile", rendered("user:{7}:profile")),
                Arguments.of(FULL_CREATE, FULL, "{{id}}", rendered("{id}")),
                Arguments.of(FULL_CREATE, FULL, "*:[{id}]", rendered("*:[7]")));
    }

    @ParameterizedTest(name = "{0}, {1}: {2} -> {3}")
    @MethodSource("cases")
    void render_key_rendersValuesAsIsOrSkips(ChangeEvent event, BeforeImagePolicy policy, String source,
            RenderResult expected) throws Exception {
        assertThat(Template.compile(source, TargetKind.KEY).render(event, policy)).isEqualTo(expected);
    }

    static Stream<Arguments> patternCases() {
        return Stream.of(
                Arguments.of(FULL_UPDATE, FULL, "category:{after.category_id}:page:*", rendered("category:4:page:*")),
                Arguments.of(FULL_UPDATE, FULL, "category:{before.category_id}:page:?", rendered("category:3:page:?")),
                Arguments.of(GLOB_CHARACTERS, FULL, "tag:{name}:*", rendered("tag:a\\*b\\?\\[c\\]\\\\d{e}^-!:*")),
                Arguments.of(GLOB_CHARACTERS, FULL, "[ab]:\\*:{name}",
                        rendered("[ab]:\\*:a\\*b\\?\\[c\\]\\\\d{e}^-!")),
                Arguments.of(UNICODE, FULL, "city:{name}:*", rendered("city:東京 🚀 Ἀθῆναι:*")),
                Arguments.of(FULL_CREATE, FULL, "user:{{{id}}}:*", rendered("user:{7}:*")),
                Arguments.of(FULL_UPDATE, FULL, "product:{description}:*",
                        skipped(SkipReason.UNAVAILABLE, "description", Image.AFTER)),
                Arguments.of(DEFAULT_DELETE, KEYS_ONLY, "category:{category_id}:*",
                        skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "category_id", Image.BEFORE)),
                Arguments.of(LINE_DELETE, KEYS_ONLY, "order:{order_id}:*", rendered("order:42:*")));
    }

    @ParameterizedTest(name = "{0}, {1}: {2} -> {3}")
    @MethodSource("patternCases")
    void render_pattern_escapesValuesAndKeepsLiteralWildcards(ChangeEvent event, BeforeImagePolicy policy,
            String source, RenderResult expected) throws Exception {
        assertThat(Template.compile(source, TargetKind.PATTERN).render(event, policy)).isEqualTo(expected);
    }

    @Test
    void render_loneSurrogateInPattern_isEscapedBecauseItsUtf8FormIsAQuestionMark() throws Exception {
        ChangeEvent event = Events.create(row("id", 1), row("id", 1, "name", "a\uD800b\uDC00"));

        RenderResult result = Template.compile("n:{name}", TargetKind.PATTERN).render(event, FULL);

        assertThat(result).isEqualTo(rendered("n:a\\\uD800b\\\uDC00"));
    }

    @Test
    void render_nullEventOrPolicy_throws() throws Exception {
        Template template = Template.compile("product:{id}", TargetKind.KEY);

        assertThatNullPointerException().isThrownBy(() -> template.render(null, FULL));
        assertThatNullPointerException().isThrownBy(() -> template.render(FULL_CREATE.getPayload(), null));
    }

    @Test
    void skipped_explanation_namesImageColumnAndReason() {
        Skipped skipped = skipped(SkipReason.BEFORE_IMAGE_PARTIAL, "sku", Image.BEFORE);

        assertThat(skipped.explanation())
                .isEqualTo("before.sku: the table's before-images are true only for key columns");
    }

    @Test
    void keyColumnsOnly_trustsTheRecordKeyColumnsOnly() {
        ChangeEvent line = LINE_DELETE.getPayload();
        ChangeEvent keyless = KEYLESS_DELETE.getPayload();

        assertThat(KEYS_ONLY.trusts(line, "order_id")).isTrue();
        assertThat(KEYS_ONLY.trusts(line, "line_no")).isTrue();
        assertThat(KEYS_ONLY.trusts(line, "product_id")).isFalse();
        assertThat(KEYS_ONLY.trusts(keyless, "id")).isFalse();
        assertThat(FULL.trusts(keyless, "sku")).isTrue();
    }
}
