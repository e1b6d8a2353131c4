package dev.heimdall.governance.budget;

import java.math.BigDecimal;

/** Micro-USD as a client reads them in a message: {@code $1.00}, {@code $0.000125}. */
final class Usd {

    private Usd() {
    }

    static String format(long micros) {
        BigDecimal dollars = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        if (dollars.scale() < 2) {
            dollars = dollars.setScale(2);
        }
        return "$" + dollars.toPlainString();
    }
}
