/**
 * The vocabulary of settings, below every stage: a {@link dev.slumpwatch.config.Setting} is
 * one documented key (name, unit, default, allowed range, meaning) and knows how to parse
 * and check its value; {@link dev.slumpwatch.config.SettingValues} holds checked values by
 * key. Each stage declares its own keys next to the code that uses them, in its
 * {@code Settings} class, and reads them by name; the registry of all keys, the settings
 * file and the user guide's table are in {@code dev.slumpwatch.settings}.
 */
package dev.slumpwatch.config;
