package dev.heimdall.loadtest;

public final class LoadtestMain {
    public static void main(String[] args) {
    }
}
