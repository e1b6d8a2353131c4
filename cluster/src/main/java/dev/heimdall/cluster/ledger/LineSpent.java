package dev.heimdall.cluster.ledger;

import java.io.Serializable;

/** One line's settled spend, as a projection of the ledger map answers it. */
record LineSpent(String mapKey, long spentMicros) implements Serializable {
}
