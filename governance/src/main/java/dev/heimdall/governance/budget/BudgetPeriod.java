package dev.heimdall.governance.budget;

/**
 * How a budget's spend resets. Calendar periods start at midnight in the gateway's configured time zone (weeks on
 * Monday, quarters in January, April, July and October); a rolling budget counts the spend of the last
 * {@link BudgetSpec#rollingWindow()} at any moment.
 */
public enum BudgetPeriod {
    DAILY, WEEKLY, MONTHLY, QUARTERLY, ROLLING
}
