package dev.invalidator.it.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InfrastructureTest {

    @Test
    void parse_unsetOrAuto_containersOnlyWhenDockerAnswers() {
        assertThat(Infrastructure.parse(null, "IT_SERVICES", () -> true)).isEqualTo(Infrastructure.CONTAINERS);
        assertThat(Infrastructure.parse(" ", "IT_SERVICES", () -> false)).isEqualTo(Infrastructure.LOCAL);
        assertThat(Infrastructure.parse("auto", "-Dit.services", () -> true)).isEqualTo(Infrastructure.CONTAINERS);
        assertThat(Infrastructure.parse("AUTO", "-Dit.services", () -> false)).isEqualTo(Infrastructure.LOCAL);
    }

    @Test
    void parse_localOrContainers_thatWithoutAskingDocker() {
        assertThat(Infrastructure.parse("local", "-Dit.services", () -> {
            throw new AssertionError("Docker asked");
        })).isEqualTo(Infrastructure.LOCAL);
        assertThat(Infrastructure.parse(" Containers ", "-Dit.services", () -> {
            throw new AssertionError("Docker asked");
        })).isEqualTo(Infrastructure.CONTAINERS);
    }

    @Test
    void parse_otherValue_failsNamingTheSwitchAndItsValues() {
        assertThatThrownBy(() -> Infrastructure.parse("docker", "IT_SERVICES", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("IT_SERVICES=docker is not one of auto, local, containers");
    }
}
