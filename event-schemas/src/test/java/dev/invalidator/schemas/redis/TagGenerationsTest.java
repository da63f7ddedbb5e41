package dev.invalidator.schemas.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TagGenerationsTest {

    @Test
    void isGenerationBased_tagInAListedNamespace_isTrue() {
        TagGenerations generations = TagGenerations.prefixes("category:", "brand:");

        assertThat(generations.isGenerationBased("category:3")).isTrue();
        assertThat(generations.isGenerationBased("brand:acme")).isTrue();
        assertThat(generations.isGenerationBased("user:3")).isFalse();
        assertThat(TagGenerations.none().isGenerationBased("category:3")).isFalse();
    }

    @Test
    void constructor_emptyPrefix_isRejectedSayingWhy() {
        assertThatThrownBy(() -> new TagGenerations(List.of("category:", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every tag generation-based");
    }
}
