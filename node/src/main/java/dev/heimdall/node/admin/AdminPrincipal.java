package dev.heimdall.node.admin;

import dev.heimdall.node.config.AdminRole;

import java.util.Locale;

/** The caller of an admin request: the name of its token and the token's role. */
record AdminPrincipal(String name, AdminRole role) {

    void require(AdminAction action) {
        if (!action.allowedFor(role)) {
            throw AdminFailure.forbidden("The " + role.name().toLowerCase(Locale.ROOT) + " role may not "
                    + switch (action) {
                        case READ -> "read this";
                        case WRITE -> "change anything";
                        case WRITE_PROVIDER_SECRETS -> "set provider secrets (key credentials, header values, proxy passwords)"
                                + " or send the stored ones elsewhere";
                        case MANAGE_ADMIN_TOKENS -> "manage admin tokens";
                    } + ".");
        }
    }
}
