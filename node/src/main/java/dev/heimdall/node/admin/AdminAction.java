package dev.heimdall.node.admin;

import dev.heimdall.node.config.AdminRole;

/** What an admin request does, as far as roles are concerned. */
enum AdminAction {
    READ,
    WRITE,
    /** setting a provider's credentials, header values or proxy password */
    WRITE_PROVIDER_SECRETS,
    MANAGE_ADMIN_TOKENS;

    boolean allowedFor(AdminRole role) {
        return switch (this) {
            case READ -> true;
            case WRITE -> role != AdminRole.VIEWER;
            case WRITE_PROVIDER_SECRETS, MANAGE_ADMIN_TOKENS -> role == AdminRole.ADMIN;
        };
    }
}
