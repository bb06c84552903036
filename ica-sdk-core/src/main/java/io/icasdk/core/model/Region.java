package io.icasdk.core.model;

/**
 * A region where ICA stores data.
 *
 * <p>{@code client.listRegions().forEach(r -> System.out.println(r.code() + " " + r.cityName()));}
 *
 * @param id region id (UUID)
 * @param code region code, e.g. {@code US}; may be null
 * @param cityName city name; may be null
 * @param countryCode ISO country code; may be null
 */
public record Region(String id, String code, String cityName, String countryCode) {}
