// Well-known FDSN data centres by name. Shared by the core (which resolves them) and the UI
// (which offers them), so both spell the same names.

/** Base URLs; the services live under /fdsnws/… on each. */
export const DATA_CENTRES: Readonly<Record<string, string>> = Object.freeze({
  IRIS: 'https://service.iris.edu',
  EARTHSCOPE: 'https://service.iris.edu',
  GFZ: 'https://geofon.gfz-potsdam.de',
  ORFEUS: 'https://www.orfeus-eu.org',
  ETH: 'https://eida.ethz.ch',
  INGV: 'https://webservices.ingv.it',
  RESIF: 'https://ws.resif.fr',
  NCEDC: 'https://service.ncedc.org',
  SCEDC: 'https://service.scedc.caltech.edu',
});
