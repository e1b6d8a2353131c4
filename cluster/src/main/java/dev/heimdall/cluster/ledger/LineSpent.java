package dev.heimdall.cluster.ledger;

import java.io.Serializable;

import java.util.Map;

/**
 * One line's settled spend, as a projection of the ledger map answers it: everyone else's (with the line's base),
 * and what each of the asking node's holdings reported.
 */
record LineSpent(String mapKey, long othersMicros, Map<String, Long> mineByHolder) implements Serializable {
}
