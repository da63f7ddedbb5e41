package dev.invalidator.service.pipeline;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a batch's announcements, one per change event or request, into as few broadcasts as the format allows:
 * the hard ones merged into broadcasts of a {@link BroadcastCause.Batch} cause whose targets are the union of
 * theirs, then the soft ones likewise. Encoding, sending and every subscriber's decoding then cost per batch rather
 * than per row. Redis applied the batch at once, so near-caches lose nothing by learning of it at once; hard and soft
 * announcements of one batch name different targets ({@link BatchPlanner#hardWins}), so their order does not matter.
 *
 * <p>A broadcast holds at most {@value #MAX_CAUSES} causes, {@value InvalidationBroadcast#MAX_ITEMS} keys (patterns,
 * tags), and about {@value #MAX_CHARS} characters of targets and causes, which keeps it under Kafka's default
 * 1 MiB message size. An announcement with more targets than one broadcast holds is split over several, each
 * naming its cause. A target too long for the format is left out and its broadcast clears all instead, so that no
 * near-cache keeps it.
 */
final class AnnouncementMerger {

    /** Most causes in one broadcast. */
    static final int MAX_CAUSES = 1_000;
    /**
     * Most characters of targets and causes in one broadcast, estimated: 768 KiB of UTF-8 even if every character
     * took three bytes, below Kafka's default 1 MiB.
     */
    static final int MAX_CHARS = 256 * 1024;
    // What a cause costs beyond its texts: field names, quotes, the operation.
    private static final int CAUSE_OVERHEAD_CHARS = 64;
    // What a target costs beyond its text: quotes and a comma.
    private static final int TARGET_OVERHEAD_CHARS = 3;

    /** What one broadcast says; the publisher gives it its position and time. */
    record Content(BroadcastCause cause, List<String> keys, List<String> patterns, List<String> tags,
                   boolean clearAll, boolean soft) {
    }

    private AnnouncementMerger() {
    }

    static List<Content> merge(List<Announcement> announcements) {
        List<Content> out = new ArrayList<>();
        mergeOfKind(announcements, false, out);
        mergeOfKind(announcements, true, out);
        return out;
    }

    private static void mergeOfKind(List<Announcement> announcements, boolean soft, List<Content> out) {
        Draft draft = new Draft(soft);
        for (Announcement announcement : announcements) {
            if (announcement.soft() != soft) {
                continue;
            }
            Announcement fitting = fitting(announcement);
            boolean tooLong = fitting != announcement;
            if (oversized(fitting)) {
                draft.flushInto(out);
                split(fitting, tooLong, out);
                continue;
            }
            if (!draft.holds(fitting)) {
                draft.flushInto(out);
            }
            draft.add(fitting, tooLong);
        }
        draft.flushInto(out);
    }

    /** More targets than one broadcast holds, or more characters than it should carry. */
    private static boolean oversized(Announcement announcement) {
        int max = InvalidationBroadcast.MAX_ITEMS;
        return announcement.keys().size() > max || announcement.patterns().size() > max
                || announcement.tags().size() > max || chars(announcement) > MAX_CHARS;
    }

    private static void split(Announcement announcement, boolean clearAll, List<Content> out) {
        int max = InvalidationBroadcast.MAX_ITEMS;
        int longest = Math.max(announcement.keys().size(),
                Math.max(announcement.patterns().size(), announcement.tags().size()));
        int parts = Math.max(1, (longest + max - 1) / max);
        for (int part = 0; part < parts; part++) {
            out.add(new Content(announcement.cause(), slice(announcement.keys(), part),
                    slice(announcement.patterns(), part), slice(announcement.tags(), part), clearAll,
                    announcement.soft()));
        }
    }

    private static List<String> slice(List<String> targets, int part) {
        int from = Math.min(targets.size(), part * InvalidationBroadcast.MAX_ITEMS);
        int to = Math.min(targets.size(), from + InvalidationBroadcast.MAX_ITEMS);
        return targets.subList(from, to);
    }

    /** The announcement without targets too long for the format; the same instance when none is. */
    private static Announcement fitting(Announcement announcement) {
        if (fits(announcement.keys()) && fits(announcement.patterns()) && fits(announcement.tags())) {
            return announcement;
        }
        return new Announcement(announcement.cause(), fittingOnly(announcement.keys()),
                fittingOnly(announcement.patterns()), fittingOnly(announcement.tags()), announcement.soft());
    }

    private static boolean fits(List<String> targets) {
        for (String target : targets) {
            if (!fits(target)) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(String target) {
        // A string has at least as many chars as code points, so most need no count.
        return target.length() <= InvalidationBroadcast.MAX_TARGET_LENGTH
                || target.codePointCount(0, target.length()) <= InvalidationBroadcast.MAX_TARGET_LENGTH;
    }

    private static List<String> fittingOnly(List<String> targets) {
        return targets.stream().filter(AnnouncementMerger::fits).toList();
    }

    private static long chars(Announcement announcement) {
        return causeChars(announcement.cause()) + chars(announcement.keys()) + chars(announcement.patterns())
                + chars(announcement.tags());
    }

    private static long chars(List<String> targets) {
        long chars = 0;
        for (String target : targets) {
            chars += target.length() + TARGET_OVERHEAD_CHARS;
        }
        return chars;
    }

    private static long causeChars(BroadcastCause cause) {
        if (cause instanceof BroadcastCause.Change change) {
            return CAUSE_OVERHEAD_CHARS + change.table().length() + change.sourcePosition().length();
        } else if (cause instanceof BroadcastCause.Request request) {
            return CAUSE_OVERHEAD_CHARS + request.requestId().length() + request.source().length();
        } else if (cause instanceof BroadcastCause.Repair repair && repair.reason() != null) {
            return CAUSE_OVERHEAD_CHARS + repair.reason().length();
        }
        return CAUSE_OVERHEAD_CHARS;
    }

    /** The broadcast being filled: announcements of one kind, merged while they fit. */
    private static final class Draft {
        private final boolean soft;
        private final List<BroadcastCause> causes = new ArrayList<>();
        private final Set<String> keys = new LinkedHashSet<>();
        private final Set<String> patterns = new LinkedHashSet<>();
        private final Set<String> tags = new LinkedHashSet<>();
        private boolean clearAll;
        private long chars;

        Draft(boolean soft) {
            this.soft = soft;
        }

        /** True when the announcement can join without exceeding a bound, counting its targets as all new. */
        boolean holds(Announcement announcement) {
            int max = InvalidationBroadcast.MAX_ITEMS;
            // Only a Change or a Request may sit in a Batch; a repair goes alone.
            boolean batchable = announcement.cause() instanceof BroadcastCause.Change
                    || announcement.cause() instanceof BroadcastCause.Request;
            boolean draftBatchable = causes.isEmpty() || causes.get(0) instanceof BroadcastCause.Change
                    || causes.get(0) instanceof BroadcastCause.Request;
            return causes.isEmpty() || (batchable && draftBatchable && causes.size() < MAX_CAUSES
                    && keys.size() + announcement.keys().size() <= max
                    && patterns.size() + announcement.patterns().size() <= max
                    && tags.size() + announcement.tags().size() <= max
                    && chars + AnnouncementMerger.chars(announcement) <= MAX_CHARS);
        }

        void add(Announcement announcement, boolean tooLong) {
            causes.add(announcement.cause());
            keys.addAll(announcement.keys());
            patterns.addAll(announcement.patterns());
            tags.addAll(announcement.tags());
            clearAll |= tooLong;
            chars += AnnouncementMerger.chars(announcement);
        }

        void flushInto(List<Content> out) {
            if (causes.isEmpty()) {
                return;
            }
            BroadcastCause cause = causes.size() == 1 ? causes.get(0) : new BroadcastCause.Batch(causes);
            out.add(new Content(cause, List.copyOf(keys), List.copyOf(patterns), List.copyOf(tags), clearAll, soft));
            causes.clear();
            keys.clear();
            patterns.clear();
            tags.clear();
            clearAll = false;
            chars = 0;
        }
    }
}
