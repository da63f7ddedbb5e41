package dev.invalidator.client.nearcache;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a near-cache entry is stored under besides its key: tags (a broadcast naming one drops the entry) and the
 * keys it was derived from (a broadcast or eviction dropping one of those drops the entry too, transitively).
 * Broadcasts do not list what the service removed by cascade, so these local dependencies are how a near-cache
 * follows cascades.
 *
 * <pre>{@code Attachments.tags("category:3").dependsOn("product:7")}</pre>
 *
 * @param tagSet        tags, as the rules name them (e.g. {@code category:3})
 * @param dependencySet keys this entry was derived from
 */
public record Attachments(Set<String> tagSet, Set<String> dependencySet) {

    private static final Attachments NONE = new Attachments(Set.of(), Set.of());

    public Attachments {
        tagSet = copy(tagSet, "tag");
        dependencySet = copy(dependencySet, "dependency");
    }

    /** Nothing attached. */
    public static Attachments none() {
        return NONE;
    }

    /** Stored under these tags. */
    public static Attachments tags(String... tags) {
        return NONE.tagged(tags);
    }

    /** Derived from these keys. */
    public static Attachments dependingOn(String... keys) {
        return NONE.dependsOn(keys);
    }

    /** These attachments plus the given tags. */
    public Attachments tagged(String... tags) {
        return new Attachments(union(tagSet, tags), dependencySet);
    }

    /** These attachments plus dependencies on the given keys. */
    public Attachments dependsOn(String... keys) {
        return new Attachments(tagSet, union(dependencySet, keys));
    }

    boolean isEmpty() {
        return tagSet.isEmpty() && dependencySet.isEmpty();
    }

    private static Set<String> union(Set<String> present, String[] more) {
        Set<String> all = new LinkedHashSet<>(present);
        all.addAll(Arrays.asList(more));
        return all;
    }

    private static Set<String> copy(Set<String> values, String what) {
        if (values == null) {
            return Set.of();
        }
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("a " + what + " must not be null or empty: " + values);
            }
        }
        return Set.copyOf(values);
    }
}
