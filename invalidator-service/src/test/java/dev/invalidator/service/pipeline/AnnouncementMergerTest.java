package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.broadcast.InvalidationBroadcast;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.service.pipeline.AnnouncementMerger.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnnouncementMergerTest {

    @Test
    void merge_changesAndRequests_oneBroadcastOfTheirUnion_eachTargetOnce_causesInOrder() {
        BroadcastCause request = new BroadcastCause.Request("req-1", "billing");
        List<Content> merged = AnnouncementMerger.merge(List.of(
                hard(change(1), List.of("product:1", "product:sku:A"), List.of("category:3")),
                new Announcement(request, List.of("product:1"), List.of("page:*"), List.of()),
                hard(change(2), List.of("product:2"), List.of("category:3"))));

        assertThat(merged).singleElement().satisfies(content -> {
            assertThat(content.cause()).isEqualTo(new BroadcastCause.Batch(List.of(change(1), request, change(2))));
            assertThat(content.keys()).containsExactly("product:1", "product:sku:A", "product:2");
            assertThat(content.patterns()).containsExactly("page:*");
            assertThat(content.tags()).containsExactly("category:3");
            assertThat(content.soft()).isFalse();
            assertThat(content.clearAll()).isFalse();
        });
    }

    @Test
    void merge_oneAnnouncement_keepsItsOwnCause() {
        List<Content> merged = AnnouncementMerger.merge(List.of(hard(change(1), List.of("product:1"), List.of())));

        assertThat(merged).singleElement().extracting(Content::cause).isEqualTo(change(1));
    }

    @Test
    void merge_hardAndSoft_hardBroadcastFirstThenSoft() {
        List<Content> merged = AnnouncementMerger.merge(List.of(
                new Announcement(change(1), List.of("product:1"), List.of(), List.of(), true),
                hard(change(1), List.of("product:sku:A"), List.of()),
                new Announcement(change(2), List.of("product:2"), List.of(), List.of(), true)));

        assertThat(merged).extracting(Content::soft).containsExactly(false, true);
        assertThat(merged.get(1).keys()).containsExactly("product:1", "product:2");
    }

    @Test
    void merge_moreCausesThanOneBroadcastHolds_startsAnother() {
        List<Announcement> announcements = IntStream.range(0, AnnouncementMerger.MAX_CAUSES + 1)
                .mapToObj(i -> hard(change(i), List.of("product:" + i), List.of())).toList();

        List<Content> merged = AnnouncementMerger.merge(announcements);

        assertThat(merged).extracting(c -> c.keys().size()).containsExactly(AnnouncementMerger.MAX_CAUSES, 1);
        assertThat(merged.get(1).cause()).isEqualTo(change(AnnouncementMerger.MAX_CAUSES));
    }

    @Test
    void merge_moreCharactersThanTheBudget_startsAnother() {
        String longKey = "k".repeat(InvalidationBroadcast.MAX_TARGET_LENGTH - 8);
        List<Announcement> announcements = new ArrayList<>();
        int perAnnouncement = 20;
        int count = AnnouncementMerger.MAX_CHARS / (perAnnouncement * longKey.length()) + 1;
        for (int i = 0; i < count; i++) {
            int event = i;
            announcements.add(hard(change(i), IntStream.range(0, perAnnouncement)
                    .mapToObj(k -> longKey + ":" + event + ":" + k).toList(), List.of()));
        }

        List<Content> merged = AnnouncementMerger.merge(announcements);

        assertThat(merged).hasSizeGreaterThan(1);
        for (Content content : merged) {
            long chars = content.keys().stream().mapToLong(String::length).sum();
            assertThat(chars).isLessThanOrEqualTo(AnnouncementMerger.MAX_CHARS);
        }
        assertThat(merged.stream().mapToInt(c -> c.keys().size()).sum()).isEqualTo(count * perAnnouncement);
    }

    @Test
    void merge_moreKeysThanOneBroadcastHolds_splitsThatAnnouncementAlone() {
        List<String> keys = IntStream.range(0, InvalidationBroadcast.MAX_ITEMS + 1).mapToObj(i -> "k:" + i).toList();

        List<Content> merged = AnnouncementMerger.merge(List.of(hard(change(1), List.of("product:1"), List.of()),
                hard(change(2), keys, List.of())));

        assertThat(merged).extracting(c -> c.keys().size()).containsExactly(1, InvalidationBroadcast.MAX_ITEMS, 1);
        assertThat(merged).extracting(Content::cause).containsExactly(change(1), change(2), change(2));
    }

    @Test
    void merge_targetTooLong_leftOutAndItsBroadcastClearsAll() {
        String tooLong = "k".repeat(InvalidationBroadcast.MAX_TARGET_LENGTH + 1);

        List<Content> merged = AnnouncementMerger.merge(List.of(hard(change(1), List.of("product:1"), List.of()),
                hard(change(2), List.of("product:2", tooLong), List.of())));

        assertThat(merged).singleElement().satisfies(content -> {
            assertThat(content.keys()).containsExactly("product:1", "product:2");
            assertThat(content.clearAll()).isTrue();
        });
    }

    @Test
    void merge_repair_goesAlone() {
        BroadcastCause repair = new BroadcastCause.Repair("replay");

        List<Content> merged = AnnouncementMerger.merge(List.of(hard(change(1), List.of("product:1"), List.of()),
                new Announcement(repair, List.of("product:2"), List.of(), List.of()),
                hard(change(2), List.of("product:3"), List.of())));

        assertThat(merged).extracting(Content::cause).containsExactly(change(1), repair, change(2));
    }

    private static BroadcastCause change(int n) {
        return new BroadcastCause.Change("pg.shop.products", Operation.UPDATE, "lsn 0/" + n);
    }

    private static Announcement hard(BroadcastCause cause, List<String> keys, List<String> tags) {
        return new Announcement(cause, keys, List.of(), tags);
    }
}
