package dev.invalidator.rules.template;

import dev.invalidator.schemas.change.ChangeEvent;

/** The two policies every table has one of today; an enum so they print by name in plans and logs. */
enum StandardBeforeImagePolicy implements BeforeImagePolicy {
    FULL {
        @Override
        public boolean trusts(ChangeEvent event, String column) {
            return true;
        }
    },
    KEY_COLUMNS_ONLY {
        @Override
        public boolean trusts(ChangeEvent event, String column) {
            return event.key() != null && event.key().has(column);
        }
    }
}
