package dev.heimdall.node.admin;

import dev.heimdall.governance.store.EntityKind;
import io.vertx.core.http.HttpMethod;

import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint of the admin API under {@code /admin/v1}. The router and the OpenAPI document are both built from
 * {@link #ALL}, so neither can list an endpoint the other lacks.
 *
 * @param path OpenAPI-style, relative to {@code /admin/v1}: {@code /virtual-keys/{id}/rotate}
 * @param kind the entity kind of an entity endpoint, else null
 */
record AdminRoute(HttpMethod method, String path, Operation operation, EntityKind kind, AdminAction action) {

    enum Operation { LIST, GET, CREATE, REPLACE, PATCH, DELETE, ROTATE, USAGE, AUDIT, ADMIN_TOKENS, OPENAPI, CLUSTER,
        MEMBER, DRAIN, UNDRAIN }

    static final List<AdminRoute> ALL = all();

    String vertxPath() {
        return path.replace("{id}", ":id");
    }

    /** Whether {@code relativePath} is this route's path (with any id), regardless of the method. */
    boolean matchesPath(String relativePath) {
        String[] template = path.split("/");
        String[] actual = relativePath.split("/", -1);
        if (template.length != actual.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!(template[i].equals("{id}") ? !actual[i].isEmpty() : template[i].equals(actual[i]))) {
                return false;
            }
        }
        return true;
    }

    private static List<AdminRoute> all() {
        List<AdminRoute> routes = new ArrayList<>();
        for (EntityKind kind : EntityKind.values()) {
            String collection = "/" + kind.path();
            String item = collection + "/{id}";
            routes.add(new AdminRoute(HttpMethod.GET, collection, Operation.LIST, kind, AdminAction.READ));
            routes.add(new AdminRoute(HttpMethod.POST, collection, Operation.CREATE, kind, AdminAction.WRITE));
            routes.add(new AdminRoute(HttpMethod.GET, item, Operation.GET, kind, AdminAction.READ));
            routes.add(new AdminRoute(HttpMethod.PUT, item, Operation.REPLACE, kind, AdminAction.WRITE));
            routes.add(new AdminRoute(HttpMethod.PATCH, item, Operation.PATCH, kind, AdminAction.WRITE));
            routes.add(new AdminRoute(HttpMethod.DELETE, item, Operation.DELETE, kind, AdminAction.WRITE));
        }
        routes.add(new AdminRoute(HttpMethod.POST, "/virtual-keys/{id}/rotate", Operation.ROTATE,
                EntityKind.VIRTUAL_KEY, AdminAction.WRITE));
        routes.add(new AdminRoute(HttpMethod.GET, "/usage", Operation.USAGE, null, AdminAction.READ));
        routes.add(new AdminRoute(HttpMethod.GET, "/audit", Operation.AUDIT, null, AdminAction.READ));
        routes.add(new AdminRoute(HttpMethod.GET, "/admin-tokens", Operation.ADMIN_TOKENS, null,
                AdminAction.MANAGE_ADMIN_TOKENS));
        routes.add(new AdminRoute(HttpMethod.GET, "/openapi.json", Operation.OPENAPI, null, AdminAction.READ));
        routes.add(new AdminRoute(HttpMethod.GET, "/cluster", Operation.CLUSTER, null, AdminAction.READ));
        routes.add(new AdminRoute(HttpMethod.GET, "/cluster/members/{id}", Operation.MEMBER, null, AdminAction.READ));
        routes.add(new AdminRoute(HttpMethod.POST, "/cluster/members/{id}/drain", Operation.DRAIN, null,
                AdminAction.WRITE));
        routes.add(new AdminRoute(HttpMethod.POST, "/cluster/members/{id}/undrain", Operation.UNDRAIN, null,
                AdminAction.WRITE));
        return List.copyOf(routes);
    }
}
