/**
 * What the message codecs share: strict JSON parsing, validation against a message's JSON Schema, and the
 * {@link dev.invalidator.schemas.json.DecodeResult} / {@link dev.invalidator.schemas.json.Violation} types a caller
 * sees. Jackson 3 trees ({@code tools.jackson}) appear here only because the schema validator takes them; the codecs'
 * own API speaks bytes and records.
 */
package dev.invalidator.schemas.json;
