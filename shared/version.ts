// The software's version, as package.json states it (a test keeps them equal): written into every
// evidence pack's manifest, so that an auditor knows which rules computed its figures.
export const SOFTWARE_NAME = 'Slicewise';
export const SOFTWARE_VERSION = '0.1.0';
