module.exports = { ...require("../../jest.config.base.cjs"), displayName: "example-apigateway" };
