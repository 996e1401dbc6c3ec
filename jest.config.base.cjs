/** Shared jest preset: TypeScript through swc to CommonJS, tests under test/. */
module.exports = {
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  testEnvironment: "node",
  transform: {
    "^.+\\.(t|j|mj)sx?$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
      },
    ],
  },
  transformIgnorePatterns: [
    "/node_modules/(?!(\\.pnpm/)?(cookie|cockatiel|arktype|arkregex|@ark[+/][a-z-]+)[@/])",
  ],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
};
