package dev.oodbench.data;

import java.io.IOException;

/** A dataset file that is not what its format promises (wrong magic number, size, count or checksum). */
public class DatasetFormatException extends IOException {
    public DatasetFormatException(String message) {
        super(message);
    }
}
