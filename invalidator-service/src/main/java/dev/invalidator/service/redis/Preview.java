package dev.invalidator.service.redis;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What applying a work would remove now, read without removing anything (a dry run). Each count is of one target
 * alone: a key both asked for and matching a pattern is counted in both, while an apply removes it once.
 *
 * @param keysExisting how many of the asked keys exist
 * @param patterns     per pattern, the cache keys matching it (the invalidator's own keys left out, as an apply
 *                     leaves them)
 * @param tags         per tag, the cache keys in its set, whether their values exist or not
 * @param cascade      the dependents the cascade would reach from all of the above within its limits; none when the
 *                     work does not cascade
 */
public record Preview(long keysExisting, Map<String, Matches> patterns, Map<String, Matches> tags,
                      Cascade cascade) {

    public Preview {
        patterns = Map.copyOf(Objects.requireNonNull(patterns, "patterns"));
        tags = Map.copyOf(Objects.requireNonNull(tags, "tags"));
        Objects.requireNonNull(cascade, "cascade");
    }

    /**
     * The keys one pattern or tag covers.
     *
     * @param count       distinct keys found
     * @param sample      some of them, at most the sample limit asked for
     * @param stoppedEarly the pattern's scan stopped at its budget, so there may be more than {@code count} (a tag
     *                     is always read whole)
     */
    public record Matches(long count, List<String> sample, boolean stoppedEarly) {

        public Matches {
            sample = List.copyOf(sample);
        }
    }

    /**
     * The dependents a cascade would reach.
     *
     * @param count              dependents reached, whether their values exist or not
     * @param sample             some of them, at most the sample limit asked for
     * @param depthLimitReached  dependents lie deeper than the depth limit
     * @param fanOutLimitReached more dependents than the fan-out limit were found
     */
    public record Cascade(long count, List<String> sample, boolean depthLimitReached, boolean fanOutLimitReached) {

        public static final Cascade NONE = new Cascade(0, List.of(), false, false);

        public Cascade {
            sample = List.copyOf(sample);
        }
    }

    /** Whether a budget or limit stopped a count: an apply would then leave something in place too. */
    public boolean stoppedEarly() {
        return patterns.values().stream().anyMatch(Matches::stoppedEarly)
                || cascade.depthLimitReached() || cascade.fanOutLimitReached();
    }
}
