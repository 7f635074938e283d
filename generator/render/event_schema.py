"""schema.org `Event` / `EducationEvent` data for an event page (serialised by the plugin).

Built from record values only, as plain dicts; escaping for HTML happens once, in
`sanitize.json_ld_script`. Dates are ISO 8601 with the event's own UTC offset.
"""

from __future__ import annotations

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.render.urls import entity_url
from generator.models import Entity, Event
from generator.source.vocabularies import Vocabularies

#: Types that teach or train; the rest (contests, forums, festivals…) are plain Events.
EDUCATION_TYPES = frozenset({"seminar", "vebinar", "master-klass", "otkrytyy-urok", "metodicheskiy-den",
                             "stazhirovka", "kursy", "konsultatsiya", "shkola-molodogo-pedagoga",
                             "zasedanie-mo", "kruglyy-stol"})
ATTENDANCE = {"ochno": "OfflineEventAttendanceMode", "distantsionno": "OnlineEventAttendanceMode",
              "smeshannyy": "MixedEventAttendanceMode"}
STATUS = {"otmeneno": "EventCancelled", "pereneseno": "EventPostponed"}
_SCHEMA = "https://schema.org/"


def _moment(event: Event, which: str) -> str:
    if event.all_day:
        day = event.first_day if which == "start" else event.last_day
        return day.isoformat()
    return (event.start_at if which == "start" else event.end_at).isoformat()


def event_data_query(g: Graph, event_id: str) -> dict:
    """An event page's schema.org data, as a query of the build graph."""
    event = g.query(lookup.fields, "event", event_id)
    organizer = None
    if event.organizer:
        organizer = (g.query(lookup.fields, "organization", event.organizer)
                     or g.query(lookup.fields, "association", event.organizer))
    data = event_data(event, lookup.vocabularies(g), organizer)
    url = lookup.publishing(g).absolute(entity_url("event", event_id))
    return data if url is None else {**data, "url": url}


def event_data(event: Event, vocab: Vocabularies, organizer: Entity | None) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "EducationEvent" if event.type in EDUCATION_TYPES else "Event",
        "name": event.title,
        "startDate": _moment(event, "start"),
        "eventAttendanceMode": _SCHEMA + ATTENDANCE.get(event.format, "OfflineEventAttendanceMode"),
        "eventStatus": _SCHEMA + STATUS.get(event.state, "EventScheduled"),
        "inLanguage": "ru",
    }
    if event.end is not None:
        data["endDate"] = _moment(event, "end")
    if event.summary:
        data["description"] = event.summary
    places = []
    if event.location:
        place: dict = {"@type": "Place", "name": event.location, "address": event.location}
        if event.municipality and event.municipality in vocab.municipalities:
            place["address"] = {"@type": "PostalAddress", "streetAddress": event.location,
                                "addressRegion": vocab.municipalities[event.municipality].region or "",
                                "addressCountry": "RU"}
        places.append(place)
    if event.format != "ochno":
        virtual: dict = {"@type": "VirtualLocation"}
        if event.online_url:
            virtual["url"] = event.online_url
        places.append(virtual)
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    if organizer is not None:
        data["organizer"] = {"@type": "Organization", "name": organizer.display_title}
        website = getattr(organizer, "website", None)
        if website:
            data["organizer"]["url"] = website
    if event.audience:
        data["audience"] = {"@type": "EducationalAudience",
                            "educationalRole": ", ".join(vocab["audiences"].label(a) for a in event.audience)}
    if event.subjects:
        data["about"] = [vocab["subjects"].label(s) for s in event.subjects]
    if event.registration_url:
        offer: dict = {"@type": "Offer", "url": event.registration_url}
        if event.registration_deadline:
            offer["validThrough"] = event.registration_deadline.isoformat()
        data["offers"] = offer
    return data
