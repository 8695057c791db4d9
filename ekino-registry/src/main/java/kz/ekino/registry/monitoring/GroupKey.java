package kz.ekino.registry.monitoring;

import java.time.LocalDate;
import java.util.Optional;
import kz.ekino.core.model.Bin;
import kz.ekino.core.model.CountryCode;
import kz.ekino.core.model.Genre;
import kz.ekino.core.model.LanguageCode;
import kz.ekino.core.model.Region;
import kz.ekino.core.model.RentalCertificate;
import kz.ekino.core.model.SalesChannel;
import kz.ekino.core.model.ScreeningId;

/** The values of the dimensions a row was grouped by; the others are empty. */
public record GroupKey(Optional<LocalDate> day, Optional<ScreeningId> screening,
    Optional<Bin> cinema, Optional<Region> region, Optional<RentalCertificate> film,
    Optional<Genre> genre, Optional<LanguageCode> language, Optional<CountryCode> country,
    Optional<SalesChannel> channel, Optional<Boolean> national) {}
