package dev.invalidator.schemas.redis;

import java.util.List;
import java.util.Objects;

/**
 * Which tags are generation-based: those starting with one of the configured prefixes (tag namespaces such as
 * {@code category:}). Invalidating such a tag increments its generation counter ({@link
 * RedisKeyLayout#tagGenerationKey}) instead of removing the members of its set; the client records the generations
 * of an entry's tags when it stores it and treats an entry with an older one as a miss (REDIS-LAYOUT.md). The service
 * and every client must be given the same prefixes.
 *
 * @param prefixes tag prefixes, none empty; no prefixes means every tag is set-based
 */
public record TagGenerations(List<String> prefixes) {

    private static final TagGenerations NONE = new TagGenerations(List.of());

    public TagGenerations {
        prefixes = List.copyOf(Objects.requireNonNull(prefixes, "prefixes"));
        for (String prefix : prefixes) {
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("a generation-based tag prefix must not be empty: it would make "
                        + "every tag generation-based; list the tag namespaces, e.g. 'category:'");
            }
        }
    }

    /** Every tag set-based. */
    public static TagGenerations none() {
        return NONE;
    }

    public static TagGenerations prefixes(String... prefixes) {
        return new TagGenerations(List.of(prefixes));
    }

    /** Whether invalidating {@code tag} bumps its generation rather than removing its set's members. */
    public boolean isGenerationBased(String tag) {
        for (String prefix : prefixes) {
            if (tag.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
