/**
 * Invalidation targets of a rule ({@code product:{id}}, {@code category:{after.category_id}:page:*}): compiled once
 * when the rules load, rendered against each change event.
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>{@code {col}}: the after-image value of {@code col}, or the before-image value on delete.</li>
 *   <li>{@code {before.col}}, {@code {after.col}}: that image's value, whatever the operation.</li>
 *   <li>{@code {{} and {@code }}}: a literal {@code {} and {@code }}, as in Python's {@code str.format}, so Redis
 *       Cluster hash tags stay writable: {@code user:{{{id}}}} renders {@code user:{7}}.</li>
 *   <li>Column names are identifiers as PostgreSQL and MySQL accept them unquoted: letters, ASCII digits, {@code _}
 *       and {@code $}, not starting with {@code $} and not only digits. Names are case-sensitive, as Debezium
 *       reports them.</li>
 * </ul>
 *
 * <h2>Keys and patterns</h2>
 * A {@linkplain TargetKind#KEY key} renders as is. A {@linkplain TargetKind#PATTERN pattern} is a Redis glob: its
 * literal text keeps its glob meaning ({@code *}, {@code ?}, {@code [...]}, {@code \}), while every substituted
 * value is escaped so that it matches only itself; a row value can never widen a pattern.
 *
 * <h2>Skipped targets</h2>
 * A target whose placeholder has no usable value (NULL, absent, an unchanged TOAST value, undecodable, or filler in
 * a partial before-image) is not rendered but {@linkplain RenderResult.Skipped skipped} with a {@link SkipReason}:
 * {@code product:null} or {@code product:sku:} would silently point at the wrong key.
 */
package dev.invalidator.rules.template;
