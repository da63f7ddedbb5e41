package dev.invalidator.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminTokenTest {

    private final AdminToken token = AdminToken.of(Optional.of("s3cret"));

    @Test
    void check_rightBearerToken_isAccepted() {
        assertThat(token.check("Bearer s3cret")).isEqualTo(AdminToken.Verdict.ACCEPTED);
    }

    @Test
    void check_schemeInAnyCase_isAccepted() {
        assertThat(token.check("bearer s3cret")).isEqualTo(AdminToken.Verdict.ACCEPTED);
        assertThat(token.check("BEARER s3cret")).isEqualTo(AdminToken.Verdict.ACCEPTED);
    }

    @Test
    void check_wrongToken_isWrong() {
        assertThat(token.check("Bearer s3cre")).isEqualTo(AdminToken.Verdict.WRONG);
        assertThat(token.check("Bearer s3cret-and-more")).isEqualTo(AdminToken.Verdict.WRONG);
        assertThat(token.check("Bearer S3CRET")).isEqualTo(AdminToken.Verdict.WRONG);
    }

    @Test
    void check_noBearerToken_isMissing() {
        assertThat(token.check(null)).isEqualTo(AdminToken.Verdict.MISSING);
        assertThat(token.check("")).isEqualTo(AdminToken.Verdict.MISSING);
        assertThat(token.check("Bearer ")).isEqualTo(AdminToken.Verdict.MISSING);
        assertThat(token.check("Basic czNjcmV0")).isEqualTo(AdminToken.Verdict.MISSING);
        assertThat(token.check("s3cret")).isEqualTo(AdminToken.Verdict.MISSING);
    }

    @Test
    void check_noTokenConfigured_isOffWhateverIsSent() {
        AdminToken off = AdminToken.of(Optional.empty());

        assertThat(off.enabled()).isFalse();
        assertThat(off.check("Bearer s3cret")).isEqualTo(AdminToken.Verdict.OFF);
        assertThat(off.check(null)).isEqualTo(AdminToken.Verdict.OFF);
    }

    @Test
    void of_blankToken_isRefused() {
        assertThatThrownBy(() -> AdminToken.of(Optional.of("  "))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toString_neverShowsTheToken() {
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
