package dev.heimdall.cluster.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run on one connection the store lends. */
@FunctionalInterface
interface SqlWork<T> {

    T run(Connection connection) throws SQLException;
}
