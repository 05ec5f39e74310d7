/**
 * Stage 7, report: verdicts between runs ({@code compare}) and between interleaved versions (paired ratios), HTML and Markdown reports with charts, history, dashboard formats. Takes result rows; gives verdicts and documents.
 */
package dev.oodbench.report;
