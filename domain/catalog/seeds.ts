/** The two speeches the catalog was built from, by file name under shared/seeds. */
export const CITY_SPEECH = '000_d5463c520f329791.txt';
export const COUNTY_SPEECH = '002_3ee20c32293cbc6e.txt';
