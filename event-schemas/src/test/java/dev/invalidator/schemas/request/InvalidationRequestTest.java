package dev.invalidator.schemas.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.invalidator.schemas.json.InvalidFieldException;

class InvalidationRequestTest {

    @Test
    void constructor_nullLists_becomeEmpty() {
        InvalidationRequest request = new InvalidationRequest("r", "s", null, null, List.of("t"), false, false, null);

        assertThat(request.keys()).isEmpty();
        assertThat(request.patterns()).isEmpty();
    }

    @Test
    void constructor_copiesLists_soLaterChangesDoNotLeakIn() {
        List<String> keys = new ArrayList<>(List.of("a"));
        InvalidationRequest request = InvalidationRequest.forKeys("r", "s", keys);

        keys.add("b");

        assertThat(request.keys()).containsExactly("a");
        assertThatThrownBy(() -> request.keys().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructor_emptyId_namesId() {
        assertThatThrownBy(() -> InvalidationRequest.forKeys("", "s", List.of("a")))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("/id: has 0 characters, must have 1..200");
    }

    @Test
    void constructor_missingSource_namesSource() {
        assertThatThrownBy(() -> InvalidationRequest.forKeys("r", null, List.of("a")))
                .hasMessage("/source: is required");
    }

    @Test
    void constructor_noTargets_isRejected() {
        assertThatThrownBy(() -> new InvalidationRequest("r", "s", List.of(), List.of(), List.of(), true, false, null))
                .hasMessage("/: at least one of keys, patterns, tags, versions must be non-empty");
    }

    @Test
    void constructor_nullItem_namesTheItem() {
        List<String> keys = new ArrayList<>();
        keys.add("a");
        keys.add(null);

        assertThatThrownBy(() -> InvalidationRequest.forKeys("r", "s", keys)).hasMessage("/keys/1: is required");
    }

    @Test
    void constructor_tooManyTags_namesTags() {
        List<String> tags = Collections.nCopies(InvalidationRequest.MAX_ITEMS + 1, "t");

        assertThatThrownBy(() -> new InvalidationRequest("r", "s", null, null, tags, false, false, null))
                .hasMessage("/tags: has 10001 items, at most 10000 are allowed");
    }

    @Test
    void constructor_loneSurrogate_isRejected() {
        assertThatThrownBy(() -> InvalidationRequest.forKeys("r", "s", List.of("a\uD800b")))
                .hasMessageStartingWith("/keys/0: contains an unpaired UTF-16 surrogate");
    }

    @Test
    void constructor_surrogatePair_countsAsOneCharacter() {
        String key = "\uD83D\uDE00".repeat(InvalidationRequest.MAX_TARGET_LENGTH);

        assertThat(InvalidationRequest.forKeys("r", "s", List.of(key)).keys()).containsExactly(key);
    }

    @Test
    void constructor_emptyReason_isKept() {
        InvalidationRequest request = new InvalidationRequest("r", "s", List.of("a"), null, null, false, false, "");

        assertThat(request.reason()).isEmpty();
    }
}
