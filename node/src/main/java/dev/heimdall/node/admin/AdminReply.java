package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** A successful admin answer: status, JSON body (null for none) and extra headers. */
record AdminReply(int status, JsonNode body, Map<String, String> headers) {

    AdminReply {
        headers = Map.copyOf(headers);
    }

    static AdminReply ok(JsonNode body) {
        return new AdminReply(200, body, Map.of());
    }

    static AdminReply ok(JsonNode body, long version) {
        return new AdminReply(200, body, Map.of("ETag", etag(version)));
    }

    static AdminReply created(JsonNode body, String location, long version) {
        return new AdminReply(201, body, Map.of("Location", location, "ETag", etag(version)));
    }

    static AdminReply noContent() {
        return new AdminReply(204, null, Map.of());
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
