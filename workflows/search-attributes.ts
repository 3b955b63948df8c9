// The keys live in contracts/; this path stays for the shared test setup, which imports it.
export * from '../contracts/search-attributes';
