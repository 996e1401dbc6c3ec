/** Root jest config: every package and example is a project. */
module.exports = {
  projects: ["<rootDir>/{packages,examples}/*/jest.config.cjs"],
};
