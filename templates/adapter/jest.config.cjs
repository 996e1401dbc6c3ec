module.exports = { ...require("../../jest.config.base.cjs"), displayName: "adapter-name" };
