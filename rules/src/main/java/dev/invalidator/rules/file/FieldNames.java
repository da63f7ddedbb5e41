package dev.invalidator.rules.file;

import java.util.List;
import java.util.Optional;

/** The fields a mapping in a rule file may hold, and the nearest one to a misspelt name. */
final class FieldNames {

    private final List<String> allowed;

    FieldNames(String... allowed) {
        this.allowed = List.of(allowed);
    }

    /** The allowed names, in the order they are suggested. */
    List<String> names() {
        return allowed;
    }

    boolean contains(String name) {
        return allowed.contains(name);
    }

    /** "unknown field 'patern' (did you mean 'patterns'?)", or the list of allowed fields when nothing is close. */
    String unknown(String name) {
        return nearest(name)
                .map(best -> "unknown field '" + name + "' (did you mean '" + best + "'?)")
                .orElse("unknown field '" + name + "' (allowed: " + String.join(", ", allowed) + ")");
    }

    /** The allowed name a few edits away from {@code name}: the likely intent behind a typo. */
    Optional<String> nearest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = distance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= Math.max(2, best.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance: few edits means a likely typo. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
