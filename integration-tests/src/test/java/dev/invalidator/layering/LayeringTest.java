package dev.invalidator.layering;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which module may depend on what. The contracts stay free of transports so every side can use them; the rules
 * engine stays free of Kafka, Redis and caches so it can be tested and reused alone; the client library must never
 * need the service.
 */
class LayeringTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.invalidator");
    }

    private static final String[] TRANSPORTS_AND_CACHES = {
        "org.apache.kafka..", "redis.clients..", "com.github.benmanes.caffeine..", "io.debezium.."
    };

    @Test
    void eventSchemas_dependsOnNoTransportCacheOrOtherModule() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.invalidator.schemas..")
                .should().dependOnClassesThat().resideInAnyPackage(TRANSPORTS_AND_CACHES)
                .orShould().dependOnClassesThat().resideInAnyPackage(
                        "dev.invalidator.rules..", "dev.invalidator.service..", "dev.invalidator.client..");
        rule.check(production);
    }

    @Test
    void rules_neverImportsKafkaJedisOrCaffeine() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.invalidator.rules..")
                .should().dependOnClassesThat().resideInAnyPackage(TRANSPORTS_AND_CACHES)
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.invalidator.service..", "dev.invalidator.client..")
                .allowEmptyShould(true);
        rule.check(production);
    }

    @Test
    void client_neverImportsTheService() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.invalidator.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.invalidator.service..", "dev.invalidator.rules..")
                .allowEmptyShould(true);
        rule.check(production);
    }
}
