/**
 * The picocli command line: one class per command, a thin shell over the suite and the stages.
 */
package dev.oodbench.cli;
