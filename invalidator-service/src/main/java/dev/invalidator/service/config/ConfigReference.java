package dev.invalidator.service.config;

import java.util.List;

/**
 * The README's "Configuration reference" table, generated from {@link ServiceFields}. Regenerate it with
 * {@code java -cp invalidator-service/target/invalidator.jar dev.invalidator.service.config.ConfigReference}.
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    /** The markdown table: key | type | default | env variable | description, one row per key, in declaration order. */
    public static String markdown() {
        return markdown(ServiceFields.ALL);
    }

    static String markdown(List<Field<?>> fields) {
        StringBuilder table = new StringBuilder();
        table.append("| key | type | default | env variable | description |\n");
        table.append("|---|---|---|---|---|\n");
        for (Field<?> field : fields) {
            String type = field.type().name() + (field.secret() ? ", secret" : "");
            String defaultText = field.defaultValue() == null ? "(unset)" : "`" + field.defaultText() + "`";
            table.append("| `").append(field.name()).append("` | ").append(type).append(" | ").append(defaultText)
                    .append(" | `").append(field.envVariable()).append("` | ")
                    .append(field.description().replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }

    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
