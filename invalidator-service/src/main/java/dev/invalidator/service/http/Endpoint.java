package dev.invalidator.service.http;

/** What one method on one path does, given the request body (empty for routes that take none). */
@FunctionalInterface
interface Endpoint {

    Response handle(byte[] body) throws InterruptedException;
}
