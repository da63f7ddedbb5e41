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
                // The service's test jar is on this class path for its test helpers; its classes are tests too.
                .withImportOption(location -> !location.contains("-tests.jar"))
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

    @Test
    void serviceParts_takeSettingsNotTheConfigurationNorTheAssembly() {
        // Only the assembly (run) and the command line read the configuration file; the parts take plain settings,
        // so that each can be built and tested alone and no package cycle forms.
        // The HTTP endpoints only name configuration keys in their answers, so they may read the declarations.
        ArchRule parts = noClasses().that().resideInAnyPackage("dev.invalidator.service.redis..",
                        "dev.invalidator.service.pipeline..", "dev.invalidator.service.metrics..",
                        "dev.invalidator.service.rules..", "dev.invalidator.service.request..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.invalidator.service.config..",
                        "dev.invalidator.service.run..", "dev.invalidator.service.cli..");
        ArchRule http = noClasses().that().resideInAPackage("dev.invalidator.service.http..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.invalidator.service.run..",
                        "dev.invalidator.service.cli..");
        parts.check(production);
        http.check(production);
    }
}
