/**
 * The Redis key layout shared by the service (which removes keys, tag members, dependents and leases) and the client
 * library (which writes values, tags, dependencies and leases); see REDIS-LAYOUT.md in this module.
 */
package dev.invalidator.schemas.redis;
