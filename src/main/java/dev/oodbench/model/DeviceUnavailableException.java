package dev.oodbench.model;

/** The device asked for is not on this machine (for example {@code gpu} without a GPU or the GPU native build). */
public class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
